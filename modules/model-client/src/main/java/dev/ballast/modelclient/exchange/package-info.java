/** One request served on one endpoint: fit, call, shrink on overflow, check, re-ask. */
package dev.ballast.modelclient.exchange;
