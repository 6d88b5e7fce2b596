/**
 * The SQS bridge: requests from an Amazon SQS queue to Ballast's request topic, each result to the
 * reply queue its request named.
 */
package dev.ballast.sqsbridge;
