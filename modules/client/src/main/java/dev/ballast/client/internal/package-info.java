/** Implementation of the client: the shared reader of results for request-reply calls. */
package dev.ballast.client.internal;
