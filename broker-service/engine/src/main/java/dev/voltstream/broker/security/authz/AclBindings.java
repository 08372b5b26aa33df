package dev.voltstream.broker.security.authz;

import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreateAclsRequestData.AclCreation;
import org.apache.kafka.common.message.DeleteAclsRequestData.DeleteAclsFilter;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.SecurityUtils;

/** Reading ACLs and ACL filters out of the ACL APIs' request data, and Kafka's rules for a valid new ACL. */
public final class AclBindings {
    public static final String CLUSTER_NAME = "kafka-cluster";

    private AclBindings() {
    }

    public static AclBindingFilter filter(DescribeAclsRequestData data) {
        return filter(data.resourceTypeFilter(), data.resourceNameFilter(), data.patternTypeFilter(),
                data.principalFilter(), data.hostFilter(), data.operation(), data.permissionType());
    }

    public static AclBindingFilter filter(DeleteAclsFilter data) {
        return filter(data.resourceTypeFilter(), data.resourceNameFilter(), data.patternTypeFilter(),
                data.principalFilter(), data.hostFilter(), data.operation(), data.permissionType());
    }

    private static AclBindingFilter filter(byte resourceType, String name, byte patternType, String principal,
                                           String host, byte operation, byte permission) {
        return new AclBindingFilter(
                new ResourcePatternFilter(ResourceType.fromCode(resourceType), name, PatternType.fromCode(patternType)),
                new AccessControlEntryFilter(principal, host, AclOperation.fromCode(operation),
                        AclPermissionType.fromCode(permission)));
    }

    /** The ACL a CreateAcls creation asks for, validated as Kafka does. */
    public static AclBinding binding(AclCreation creation) {
        AclBinding binding;
        try {
            binding = CreateAclsRequest.aclBinding(creation);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Invalid ACL: " + e.getMessage());
        }
        validate(binding);
        return binding;
    }

    /** Kafka's checks of an ACL to be created ({@code AclControlManager.validateNewAcl}). */
    public static void validate(AclBinding binding) {
        ResourcePattern pattern = binding.pattern();
        if (pattern.resourceType() == ResourceType.ANY || pattern.resourceType() == ResourceType.UNKNOWN) {
            throw new InvalidRequestException("Invalid resourceType " + pattern.resourceType());
        }
        if (pattern.patternType() != PatternType.LITERAL && pattern.patternType() != PatternType.PREFIXED) {
            throw new InvalidRequestException("Invalid patternType " + pattern.patternType());
        }
        if (pattern.name() == null || pattern.name().isEmpty()) {
            throw new InvalidRequestException("Resource name should not be empty");
        }
        if (pattern.resourceType() == ResourceType.CLUSTER && !pattern.name().equals(CLUSTER_NAME)) {
            throw new InvalidRequestException("The only valid name for the CLUSTER resource is " + CLUSTER_NAME);
        }
        AclOperation op = binding.entry().operation();
        if (op == AclOperation.ANY || op == AclOperation.UNKNOWN) {
            throw new InvalidRequestException("Invalid operation " + op);
        }
        AclPermissionType permission = binding.entry().permissionType();
        if (permission == AclPermissionType.ANY || permission == AclPermissionType.UNKNOWN) {
            throw new InvalidRequestException("Invalid permissionType " + permission);
        }
        if (binding.entry().host() == null || binding.entry().host().isEmpty()) {
            throw new InvalidRequestException("Invalid null host");
        }
        try {
            SecurityUtils.parseKafkaPrincipal(binding.entry().principal());
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Invalid principal " + binding.entry().principal());
        }
    }
}
