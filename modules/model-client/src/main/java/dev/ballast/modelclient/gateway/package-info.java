/** The model side of a Ballast instance: routes, endpoints, exchanges and the recovery plan. */
package dev.ballast.modelclient.gateway;
