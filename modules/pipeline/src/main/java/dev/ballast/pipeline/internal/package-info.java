/** Processors, stores and helpers of the topology; not API. */
package dev.ballast.pipeline.internal;
