/** The one place that touches Kafka's internal server classes, and file helpers; not API. */
package dev.ballast.broker.internal;
