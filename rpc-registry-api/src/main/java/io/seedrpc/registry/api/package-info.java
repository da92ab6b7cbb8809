/**
 * The registry's wire model: the JSON bodies of its REST API ({@code docs/registry-api.md}) as plain records
 * that Jackson binds without annotations, and the limits every side checks ({@link
 * io.seedrpc.registry.api.RegistryLimits}). No dependencies; shared by the registry app, the core's registry
 * client, the ZooKeeper module and the Spring Boot starter.
 */
package io.seedrpc.registry.api;
