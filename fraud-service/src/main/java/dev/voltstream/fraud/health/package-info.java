/** Health checks of fraud-service beyond the built-in datasource and Kafka channel checks. */
package dev.voltstream.fraud.health;
