/**
 * Backfill jobs: Bedrock batch inference and OpenAI Batch API files through Ballast's batch lane,
 * answered in the same provider's output format.
 */
package dev.ballast.cli.backfill;
