/** Benchmark scenarios, measurement helpers and the report; not API. */
package dev.ballast.bench.internal;
