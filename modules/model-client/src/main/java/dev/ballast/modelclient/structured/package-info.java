/**
 * Structured answers: JSON Schema validation, finding the JSON in a model's text, checking an
 * answer against the request's schema and building the re-ask prompt.
 */
package dev.ballast.modelclient.structured;
