/**
 * What client services use: submit requests, wait for their results, read results, the names of
 * dead-letter headers, and the JSON form of requests and results.
 */
package dev.ballast.client;
