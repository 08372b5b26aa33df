/** Health checks of billing beyond the datasource and Kafka checks Quarkus provides. */
package dev.voltstream.billing.health;
