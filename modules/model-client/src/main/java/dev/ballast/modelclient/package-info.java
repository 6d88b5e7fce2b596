/** Provider clients behind one asynchronous {@link ModelClient}; nothing here knows Kafka. */
package dev.ballast.modelclient;
