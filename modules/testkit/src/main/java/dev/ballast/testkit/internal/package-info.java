/** The one place that touches Kafka's internal server classes; not API. */
package dev.ballast.testkit.internal;
