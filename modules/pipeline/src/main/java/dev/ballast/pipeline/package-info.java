/** The Ballast pipeline: configuration, the Kafka Streams topology and the running app. */
package dev.ballast.pipeline;
