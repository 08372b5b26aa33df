package dev.voltstream.broker;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

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
     * A module's {@code internal} packages are its own: only classes under the package that holds {@code internal}
     * may use them. The cluster module's API is its {@code cluster} package ({@code ClusterNode}, {@code QuorumConfig},
     * {@code BrokerChannels}, ...); the image, the Raft quorum and replication live in {@code cluster.internal}, which no
     * other module may reach into. The network module's API is {@code network} ({@code BrokerServer},
     * {@code RequestProcessor}, {@code NetworkLimits}, ...), its Netty pipeline {@code network.internal}. The rule
     * holds for any module that adds {@code internal} packages; the one-package modules (storage, group, transaction)
     * hide their implementation as package-private types instead.
     */
    @Test
    void internalPackagesAreUsedOnlyByTheirOwnModule() {
        Set<String> owners = new TreeSet<>();
        classes.forEach(c -> {
            int at = c.getPackageName().indexOf(".internal");
            if (at > 0) {
                owners.add(c.getPackageName().substring(0, at));
            }
        });
        assertThat(owners).as("modules with internal packages")
                .contains(BROKER + ".cluster", BROKER + ".network");
        for (String owner : owners) {
            noClasses().that().resideOutsideOfPackage(owner + "..")
                    .should().dependOnClassesThat().resideInAPackage(owner + ".internal..")
                    .because(owner + ".internal is the implementation of " + owner)
                    .check(classes);
        }
    }

    /**
     * No cycles between packages, where a module's {@code internal} packages count as part of the package that owns
     * them (its API and its implementation know each other: {@code ClusterNode} runs the quorum, the quorum reads
     * {@code QuorumConfig}); among themselves the internal packages are cycle-free too.
     */
    @Test
    void brokerModulesHaveNoPackageCycles() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (!name.startsWith(BROKER + ".")) {
                    return SliceIdentifier.ignore();
                }
                int internal = name.indexOf(".internal");
                return SliceIdentifier.of(internal > 0 ? name.substring(0, internal) : name);
            }

            @Override
            public String getDescription() {
                return "broker packages, internal ones with their owner";
            }
        }).should().beFreeOfCycles().check(classes);
        slices().matching(BROKER + ".(**).internal.(**)").should().beFreeOfCycles().check(classes);
    }
}
