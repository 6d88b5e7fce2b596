/** The {@code ballast} command line. */
package dev.ballast.cli;
