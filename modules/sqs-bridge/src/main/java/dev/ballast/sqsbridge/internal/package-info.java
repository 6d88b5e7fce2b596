/** Implementation of the SQS bridge: the request pump, the reply pump, message decoding. */
package dev.ballast.sqsbridge.internal;
