package dev.voltstream.stationproducer.config;

import dev.voltstream.stationproducer.domain.Fleet;
import dev.voltstream.stationproducer.domain.FleetFactory;
import dev.voltstream.stationproducer.service.EventIds;
import dev.voltstream.stationproducer.service.EventInjector;
import dev.voltstream.stationproducer.service.FraudScenarios;
import dev.voltstream.stationproducer.service.SimulationEngine;
import dev.voltstream.stationproducer.service.TransactionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the simulation's plain-Java parts once, from {@link SimulatorConfig}. */
@ApplicationScoped
public class SimulationSetup {

    @Produces
    @Singleton
    Fleet fleet(SimulatorConfig config) {
        return FleetFactory.build(config.seed(), config.stations(), config.accounts());
    }

    @Produces
    @Singleton
    EventIds eventIds(SimulatorConfig config) {
        // Base 36 of the start time: short, and different for every start of the producer.
        return new EventIds(config.runId().orElseGet(() -> Long.toString(System.currentTimeMillis(), 36)));
    }

    @Produces
    @Singleton
    TransactionFactory transactionFactory(EventIds ids) {
        return new TransactionFactory(ids);
    }

    @Produces
    @Singleton
    SimulationEngine engine(SimulatorConfig config, Fleet fleet, EventIds ids, TransactionFactory transactions) {
        return new SimulationEngine(fleet, config.seed(), config.transactionShare(), ids, transactions);
    }

    @Produces
    @Singleton
    EventInjector eventInjector(SimulationEngine engine, FraudScenarios scenarios, EventIds ids,
                                TransactionFactory transactions) {
        return new EventInjector(engine, scenarios, ids, transactions);
    }

    @Produces
    @Singleton
    FraudScenarios fraudScenarios(SimulatorConfig config, Fleet fleet, TransactionFactory transactions) {
        return new FraudScenarios(fleet, transactions, config.scenario());
    }
}
