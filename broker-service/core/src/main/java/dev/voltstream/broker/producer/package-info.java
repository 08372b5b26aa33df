/** Idempotent producers: producer id allocation. */
package dev.voltstream.broker.producer;
