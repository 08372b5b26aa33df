/** One handler per Kafka API key, behind a dispatcher that only routes. */
package dev.voltstream.broker.handler;
