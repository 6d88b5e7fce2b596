/** Provider wire mappings; not API. */
package dev.ballast.modelclient.internal;
