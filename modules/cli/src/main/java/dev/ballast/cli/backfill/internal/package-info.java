/** Implementation of backfill jobs: the two file formats, the result spill, progress. */
package dev.ballast.cli.backfill.internal;
