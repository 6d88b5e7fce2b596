/** Wire types generated from {@code schemas/*.avsc}, their serdes, and the one table of topics. */
package dev.ballast.schemas;
