/**
 * Fitting requests into a model's context window: token estimates, their calibration against the
 * provider's counts, model limits, dropping and truncating turns, and summarization plans. Pure
 * functions of their inputs; nothing here calls a model.
 */
package dev.ballast.modelclient.context;
