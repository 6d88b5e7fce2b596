/** Turn-dropping and text-truncation mechanics behind the context API; not API. */
package dev.ballast.modelclient.context.internal;
