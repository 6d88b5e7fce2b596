/** The demo, the workload generator and terminal rendering; not API. */
package dev.ballast.cli.internal;
