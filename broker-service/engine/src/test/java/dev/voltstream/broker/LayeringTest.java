package dev.voltstream.broker;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The broker's dependency direction, checked on the compiled classes of every broker module: wiring → handlers →
 * coordinators / cluster → network → partition layer → storage, never back up (storage, the lowest layer, may reach
 * no other broker package). Maven's module graph already forbids a
 * module from reaching one it does not depend on; this test also pins the direction between packages inside a module
 * and between modules that could legally depend on each other but must not (handlers on cluster internals, the group
 * and transaction coordinators on each other).
 */
class LayeringTest {
    private static final String BROKER = "dev.voltstream.broker";
    private static JavaClasses classes;

    @BeforeAll
    static void importBrokerClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("broker-testkit")) // test support
                .importPackages(BROKER);
    }

    @Test
    void layersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Wiring").definedBy(BROKER)
                .layer("Handlers").definedBy(BROKER + ".handler..")
                .layer("Cluster").definedBy(BROKER + ".cluster..", BROKER + ".tools..")
                .layer("Coordinators").definedBy(BROKER + ".group..", BROKER + ".transaction..")
                .layer("Network").definedBy(BROKER + ".network..", BROKER + ".protocol..", BROKER + ".metrics..",
                        BROKER + ".quota..",
                        BROKER + ".security..")
                .layer("Partition").definedBy(BROKER + ".config..", BROKER + ".metadata..", BROKER + ".replica..",
                        BROKER + ".rate..",
                        BROKER + ".producer..")
                .layer("Storage").definedBy(BROKER + ".storage..")
                .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("Handlers").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Cluster").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Coordinators").mayOnlyBeAccessedByLayers("Handlers", "Wiring")
                .whereLayer("Network").mayOnlyBeAccessedByLayers("Handlers", "Cluster", "Wiring")
                .whereLayer("Partition")
                .mayOnlyBeAccessedByLayers("Network", "Coordinators", "Cluster", "Handlers", "Wiring")
                // the network layer turns a storage SegmentSlice into a file region (zero-copy fetch responses)
                .whereLayer("Storage").mayOnlyBeAccessedByLayers("Partition", "Network", "Coordinators", "Cluster",
                        "Handlers", "Wiring")
                .check(classes);
    }

    @Test
    void coordinatorsDoNotKnowEachOther() {
        noClasses().that().resideInAPackage(BROKER + ".group..")
                .should().dependOnClassesThat().resideInAPackage(BROKER + ".transaction..")
                .check(classes);
        noClasses().that().resideInAPackage(BROKER + ".transaction..")
                .should().dependOnClassesThat().resideInAPackage(BROKER + ".group..")
                .check(classes);
    }

    /**
     * The cluster module's API is its {@code cluster} package ({@code ClusterNode}, {@code ClusterAcls}, ...) plus the
     * quorum's config and the broker-to-broker channels; the image, the Raft quorum and replication are its internals,
     * which no other module may reach into.
     */
    @Test
    void clusterInternalsStayInTheClusterModule() {
        noClasses().that().resideOutsideOfPackages(BROKER + ".cluster..", BROKER + ".tools..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(BROKER + ".cluster.image..",
                                BROKER + ".cluster.quorum..", BROKER + ".cluster.replication..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("QuorumConfig")
                                .or(JavaClass.Predicates.simpleName("BrokerChannels")))))
                .check(classes);
    }

    @Test
    void brokerModulesHaveNoPackageCycles() {
        slices().matching(BROKER + ".(**)").should().beFreeOfCycles().check(classes);
    }
}
