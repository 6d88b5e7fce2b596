/** The benchmark runner: {@code ./ballast bench}. */
package dev.ballast.bench;
