/** Wide residual networks (Zagoruyko and Komodakis 2016): the {@code wrn} model. */
package dev.samlab.models.wrn;
