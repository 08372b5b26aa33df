/**
 * Describing and changing configs as Kafka's DescribeConfigs / AlterConfigs / IncrementalAlterConfigs do: the catalog of
 * topic configs (types, defaults, broker synonyms), dynamic broker configs persisted in the metadata dir, and the
 * precedence that decides each config's value and source.
 */
package dev.voltstream.broker.config.dynamic;
