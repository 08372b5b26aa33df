/** Configuration of fraud-service: the {@code fraud.*} thresholds and the beans built from them. */
package dev.voltstream.fraud.config;
