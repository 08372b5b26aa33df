/**
 * The use cases of fraud-service: deciding a transaction once (state, verdict, alerts and outbox rows in one database
 * transaction), blocking accounts, and reading decisions back.
 */
package dev.voltstream.fraud.service;
