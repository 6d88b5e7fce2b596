/**
 * Provider clients behind one asynchronous {@link dev.ballast.modelclient.ModelClient}; nothing
 * here knows Kafka.
 */
package dev.ballast.modelclient;
