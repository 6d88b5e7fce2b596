/** The simulator's HTTP servers, wire formats, fault evaluation and scenario parsing; not API. */
package dev.ballast.simulator.internal;
