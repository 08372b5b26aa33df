/**
 * Test helpers shared by the Voltstream services, used in test scope:
 * <ul>
 *   <li>{@link dev.voltstream.testkit.PostgresFixture}: a real PostgreSQL (an external server named by env, else
 *   Testcontainers when Docker is present, else embedded PostgreSQL) with a fresh database per caller;</li>
 *   <li>Quarkus test resources {@link dev.voltstream.testkit.PostgresTestResource} and
 *   {@link dev.voltstream.testkit.VoltstreamBrokerTestResource};</li>
 *   <li>{@link dev.voltstream.testkit.EventJson} and {@link dev.voltstream.testkit.EventSchemas}: the event JSON
 *   mapping and validation against event-contracts' JSON Schemas.</li>
 * </ul>
 */
package dev.voltstream.testkit;
