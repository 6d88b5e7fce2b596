/** The recovery table: what each failure kind leads to, and the call budget of a request. */
package dev.ballast.modelclient.recovery;
