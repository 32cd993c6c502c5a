package io.privatevault.plan.insights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.privatevault.components.cluster.RecoverySecret;
import io.privatevault.components.testing.RecordedResource;
import io.privatevault.plan.insights.AwsSchema.AutoScalingGroup;
import io.privatevault.plan.insights.AwsSchema.Bucket;
import io.privatevault.plan.insights.AwsSchema.BucketEncryption;
import io.privatevault.plan.insights.AwsSchema.BucketPolicy;
import io.privatevault.plan.insights.AwsSchema.BucketReplication;
import io.privatevault.plan.insights.AwsSchema.EventRule;
import io.privatevault.plan.insights.AwsSchema.EventTarget;
import io.privatevault.plan.insights.AwsSchema.InstanceProfile;
import io.privatevault.plan.insights.AwsSchema.KmsKey;
import io.privatevault.plan.insights.AwsSchema.KmsReplicaKey;
import io.privatevault.plan.insights.AwsSchema.LaunchTemplate;
import io.privatevault.plan.insights.AwsSchema.LogGroup;
import io.privatevault.plan.insights.AwsSchema.MetricAlarm;
import io.privatevault.plan.insights.AwsSchema.Role;
import io.privatevault.plan.insights.AwsSchema.RolePolicy;
import io.privatevault.plan.insights.AwsSchema.SecretPolicy;
import io.privatevault.plan.insights.AwsSchema.SecretsManagerSecret;
import io.privatevault.plan.insights.AwsSchema.Topic;
import io.privatevault.plan.insights.AwsSchema.TopicPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.privatevault.components.support.JsonValues.strings;
import static io.privatevault.components.support.JsonValues.text;

/**
 * What the key-use check asks the IAM policy simulator, derived from the plan: for every KMS key, who must be able to
 * use it (from the resources that reference it and AWS's documented calls of each service) and who must not (an
 * unrelated account administrator, the key administrators, callers outside the service path), each as a request
 * with the key policy (or the bucket, secret or topic policy) and the caller's IAM policies. Who must use a key is
 * read from the resources that use it, never from the key policy under judgement.
 */
final class KeyUseCases {
    /** AdministratorAccess: the IAM policy of the callers that must still be refused. */
    static final String ADMINISTRATOR = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    /** AWS KMS developer guide, "Default key policy": a key created without a policy gives the account (its IAM policies) full access. */
    static final String DEFAULT_KEY_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\","
            + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::%s:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    /** The annotation naming the EBS CSI driver role on the StorageClass (cluster/k8s/Manifests). */
    static final String CSI_ROLE_ANNOTATION = "private-vault/ebs-csi-role-arn";
    static final String STORAGE_CLASS_TYPE = "kubernetes:storage.k8s.io/v1:StorageClass";
    static final String HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
    private static final Pattern SEAL = Pattern.compile("seal\\s+\"awskms\"\\s*\\{([^}]*)}");
    private static final Pattern KMS_KEY_ID = Pattern.compile("kms_key_id\\s*=\\s*\"([^\"]+)\"");

    /**
     * One request and what it must come to.
     *
     * @param urn           where a wrong answer is reported (the key, or the resource the use is for)
     * @param who           the caller in words
     * @param what          the call in words, e.g. {@code kms:Decrypt of vault-kms-data through S3}
     * @param mustBeAllowed whether the service needs it (true) or nobody may have it (false)
     */
    record Case(String urn, String who, String what, boolean mustBeAllowed, IamSimulator.Request request) {
    }

    /** A use that has no key to be judged on (reported as it is, without a simulation). */
    record Missing(String urn, String message) {
    }

    record Derived(List<Case> cases, List<Missing> missing) {
    }

    private record Key(RecordedResource resource, String arn, String account, String region, String policy) {
        String name() {
            return resource.name();
        }
    }

    private record Caller(String arn, String who, List<String> identityPolicies) {
    }

    private final PolicyContext ctx;
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final List<Case> cases = new ArrayList<>();
    private final List<Missing> missing = new ArrayList<>();
    private int next;

    private KeyUseCases(PolicyContext ctx) {
        this.ctx = ctx;
    }

    static Derived derive(PolicyContext ctx) {
        var derivation = new KeyUseCases(ctx);
        derivation.run();
        return new Derived(List.copyOf(derivation.cases), List.copyOf(derivation.missing));
    }

    private void run() {
        for (var r : ctx.ofType(KmsKey.TYPE)) {
            addKey(r);
        }
        for (var r : ctx.ofType(KmsReplicaKey.TYPE)) {
            addKey(r);
        }
        if (keys.isEmpty()) {
            return;
        }
        Set<String> sealKeys = sealKeys();
        logGroups();
        topics();
        secrets();
        buckets(sealKeys);
        volumesOfAutoScaling();
        volumesOfEbsCsi();
        seal(sealKeys);
        nobodyElse(sealKeys);
    }

    private void addKey(RecordedResource r) {
        if (r.arn() == null) {
            return;
        }
        String[] arn = r.arn().split(":");
        Object policy = r.input(KmsKey.POLICY);
        if (Inputs.unknown(policy)) {
            return; // only known after deployment: nothing to judge
        }
        String text = policy instanceof String s && !s.isBlank() ? s : DEFAULT_KEY_POLICY.formatted(arn[4]);
        var key = new Key(r, r.arn(), arn[4], arn[3], text);
        keys.put(r.arn(), key);
        if (r.id() != null) {
            keys.putIfAbsent(r.id(), key);
        }
    }

    /** The key a {@code kmsKeyId}-style input names, by ARN or id (an alias or AWS-managed key is not judged here). */
    private Optional<Key> key(Object reference) {
        return reference instanceof String s ? Optional.ofNullable(keys.get(s)) : Optional.empty();
    }

    // ---- CloudWatch Logs ---------------------------------------------------------------------------------------

    /**
     * AWS CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS KMS": the key policy must let
     * {@code logs.<region>.amazonaws.com} call {@code kms:Encrypt*}, {@code kms:Decrypt*}, {@code kms:ReEncrypt*},
     * {@code kms:GenerateDataKey*} and {@code kms:Describe*}, and "CloudWatch Logs now supports encryption context,
     * using {@code kms:EncryptionContext:aws:logs:arn} as the key and the ARN of the log group" as its value.
     */
    private void logGroups() {
        for (var group : ctx.ofType(LogGroup.TYPE)) {
            key(group.input(LogGroup.KMS_KEY)).ifPresent(key -> {
                String service = "logs." + key.region() + ".amazonaws.com";
                String arn = group.arn() != null ? group.arn() : "arn:aws:logs:" + key.region() + ":" + key.account() + ":log-group:" + group.input("name");
                for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                    serviceCase(group.urn(), "CloudWatch Logs", action + " of " + key.name() + " for log group " + group.name(), true,
                            service, action, key, Map.of("kms:EncryptionContext:aws:logs:arn", arn));
                }
                serviceCase(group.urn(), "CloudWatch Logs", "kms:Decrypt of " + key.name() + " for another account's log group", false,
                        service, "kms:Decrypt", key, Map.of("kms:EncryptionContext:aws:logs:arn",
                                "arn:aws:logs:" + key.region() + ":999999999999:log-group:" + group.name()));
            });
        }
    }

    // ---- SNS topics and who publishes to them ------------------------------------------------------------------

    /**
     * Amazon SNS developer guide, "Configure AWS KMS permissions for AWS services": an AWS service publishing to an
     * encrypted topic needs {@code kms:GenerateDataKey*} and {@code kms:Decrypt} on the topic's key, granted to its
     * service principal (CloudWatch: {@code cloudwatch.amazonaws.com}; EventBridge: {@code events.amazonaws.com}), and
     * the topic policy must let it publish.
     */
    private void topics() {
        for (var topic : ctx.ofType(Topic.TYPE)) {
            key(topic.input(Topic.KMS_KEY)).ifPresent(key -> {
                String topicArn = topic.arn();
                var publishers = new ArrayList<String[]>();
                for (var alarm : ctx.ofType(MetricAlarm.TYPE)) {
                    var actions = new LinkedHashSet<>(Inputs.strings(alarm.input(MetricAlarm.ALARM_ACTIONS)));
                    actions.addAll(Inputs.strings(alarm.input(MetricAlarm.OK_ACTIONS)));
                    if (actions.contains(topicArn)) {
                        publishers.add(new String[]{"cloudwatch.amazonaws.com", "CloudWatch alarm " + alarm.name(), alarm.arn()});
                    }
                }
                for (var target : ctx.ofType(EventTarget.TYPE)) {
                    if (topicArn != null && topicArn.equals(target.input(EventTarget.ARN))) {
                        String ruleArn = ctx.ofType(EventRule.TYPE).stream()
                                .filter(rule -> rule.id() != null && rule.id().equals(target.input(EventTarget.RULE)))
                                .map(RecordedResource::arn).findFirst()
                                .orElse("arn:aws:events:" + key.region() + ":" + key.account() + ":rule/" + target.input(EventTarget.RULE));
                        publishers.add(new String[]{"events.amazonaws.com", "EventBridge rule " + target.input(EventTarget.RULE), ruleArn});
                    }
                }
                String topicPolicy = ctx.ofType(TopicPolicy.TYPE).stream()
                        .filter(p -> topicArn != null && topicArn.equals(p.input(TopicPolicy.ARN)))
                        .map(p -> p.input(TopicPolicy.POLICY)).filter(p -> p instanceof String).map(String.class::cast).findFirst().orElse(null);
                for (String[] publisher : publishers) {
                    var context = Map.<String, Object>of("aws:SourceAccount", key.account(), "aws:SourceArn", publisher[2]);
                    for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                        serviceCase(topic.urn(), publisher[1], action + " of " + key.name() + " to publish to " + topic.name(), true,
                                publisher[0], action, key, context);
                    }
                    if (topicPolicy != null) {
                        cases.add(new Case(topic.urn(), publisher[1], "sns:Publish to " + topic.name(), true,
                                request(publisher[0], "sns:Publish", topicArn, key.account(), context, List.of(), topicPolicy)));
                    }
                }
                if (!publishers.isEmpty()) {
                    serviceCase(topic.urn(), "CloudWatch of another account", "kms:GenerateDataKey of " + key.name(), false,
                            "cloudwatch.amazonaws.com", "kms:GenerateDataKey", key, Map.of("aws:SourceAccount", "999999999999"));
                }
            });
        }
    }

    // ---- Secrets Manager ---------------------------------------------------------------------------------------

    /**
     * AWS Secrets Manager user guide, "Secret encryption and decryption": to write a value Secrets Manager calls
     * {@code kms:GenerateDataKey} and to read it {@code kms:Decrypt}, on behalf of the caller
     * ({@code kms:ViaService} = {@code secretsmanager.<region>.amazonaws.com}), with the encryption context
     * {@code SecretARN} = the secret's ARN. Who reads or writes: the roles whose IAM policy grants it, and the readers
     * a resource policy exempts from its denial.
     */
    private void secrets() {
        for (var secret : ctx.ofType(SecretsManagerSecret.TYPE)) {
            if (secret.arn() == null) {
                continue;
            }
            key(secret.input(SecretsManagerSecret.KMS_KEY)).ifPresent(key -> {
                String arn = secret.arn();
                String policy = resourcePolicyOf(SecretPolicy.TYPE, SecretPolicy.SECRET_ARN, arn, SecretPolicy.POLICY);
                var context = Map.<String, Object>of("kms:ViaService", "secretsmanager." + key.region() + ".amazonaws.com",
                        "kms:EncryptionContext:SecretARN", arn);
                var writers = rolesGranted(List.of("secretsmanager:PutSecretValue"), arn);
                var readers = new LinkedHashMap<String, Caller>();
                rolesGranted(List.of("secretsmanager:GetSecretValue"), arn).forEach(c -> readers.put(c.arn(), c));
                Optional<List<String>> fence = policy == null ? Optional.empty() : exempted(policy, "secretsmanager:GetSecretValue");
                fence.ifPresent(exempt -> exempt.forEach(r -> readers.putIfAbsent(r, new Caller(r, "break-glass role " + roleName(r),
                        List.of(minimal(List.of("secretsmanager:GetSecretValue"), arn, key.arn()))))));
                for (Caller writer : writers) {
                    kmsCase(secret.urn(), writer, "kms:GenerateDataKey", key, context, true, "to write secret " + secret.name());
                    cases.add(new Case(secret.urn(), writer.who(), "secretsmanager:PutSecretValue on " + secret.name(), true,
                            request(writer.arn(), "secretsmanager:PutSecretValue", arn, key.account(), principal(writer.arn()),
                                    writer.identityPolicies(), policy)));
                }
                for (Caller reader : readers.values()) {
                    if (fence.isPresent() && !fence.get().contains(reader.arn())) {
                        continue; // the resource policy denies it: judged below
                    }
                    kmsCase(secret.urn(), reader, "kms:Decrypt", key, context, true, "to read secret " + secret.name());
                    cases.add(new Case(secret.urn(), reader.who(), "secretsmanager:GetSecretValue on " + secret.name(), true,
                            request(reader.arn(), "secretsmanager:GetSecretValue", arn, key.account(), principal(reader.arn()),
                                    reader.identityPolicies(), policy)));
                }
                // The recovery secret is always fenced (its resource policy and the key both refuse outsiders), so its
                // outsiders are judged even when a broken plan has no resource policy for it.
                boolean recovery = RecoverySecret.isRecoveryNamePrefix(secret.input(SecretsManagerSecret.NAME_PREFIX));
                if (fence.isPresent() || recovery) {
                    // Fenced by its resource policy: the key must fence it as well, and nobody else reads or writes it.
                    List<String> exempt = fence.orElse(List.of());
                    var outsiders = new ArrayList<Caller>();
                    outsiders.add(stranger(key.account()));
                    writers.stream().filter(w -> !exempt.contains(w.arn())).forEach(outsiders::add);
                    for (Caller outsider : outsiders) {
                        cases.add(new Case(secret.urn(), outsider.who(), "secretsmanager:GetSecretValue on " + secret.name(), false,
                                request(outsider.arn(), "secretsmanager:GetSecretValue", arn, key.account(), principal(outsider.arn()),
                                        outsider.identityPolicies(), policy)));
                    }
                    var stranger = stranger(key.account());
                    kmsCase(secret.urn(), stranger, "kms:Decrypt", key, context, false, "of secret " + secret.name());
                    if (!writers.isEmpty()) {
                        cases.add(new Case(secret.urn(), stranger.who(), "secretsmanager:PutSecretValue on " + secret.name(), false,
                                request(stranger.arn(), "secretsmanager:PutSecretValue", arn, key.account(), principal(stranger.arn()),
                                        stranger.identityPolicies(), policy)));
                    }
                }
            });
        }
    }

    // ---- S3 snapshots --------------------------------------------------------------------------------------------

    /**
     * Amazon S3 user guide, "Using server-side encryption with AWS KMS keys": an upload needs {@code kms:GenerateDataKey}
     * and a download {@code kms:Decrypt}, called by S3 for the requester ({@code kms:ViaService} =
     * {@code s3.<region>.amazonaws.com}); "When an S3 Bucket Key is enabled, the encryption context is the bucket ARN"
     * ({@code kms:EncryptionContext:aws:s3:arn}). Replication reads source versions with
     * {@code s3:GetObjectVersionForReplication} and writes replicas with {@code s3:ReplicateObject} (S3 user guide,
     * "Setting up permissions for live replication"), decrypting and encrypting through S3 in each bucket's Region.
     */
    private void buckets(Set<String> sealKeys) {
        for (var bucket : ctx.ofType(Bucket.TYPE)) {
            if (bucket.arn() == null) {
                continue;
            }
            var encryption = ctx.ofType(BucketEncryption.TYPE).stream()
                    .filter(e -> bucket.id() != null && bucket.id().equals(e.input(BucketEncryption.BUCKET))).findFirst();
            Optional<Key> maybeKey = encryption.flatMap(e -> Inputs.all(e, BucketEncryption.KMS_KEY).stream().findFirst()).flatMap(this::key);
            if (maybeKey.isEmpty()) {
                continue;
            }
            Key key = maybeKey.get();
            String bucketArn = bucket.arn();
            String policy = resourcePolicyOf(BucketPolicy.TYPE, BucketPolicy.BUCKET, bucket.id(), BucketPolicy.POLICY);
            var writers = rolesGranted(List.of("s3:PutObject"), bucketArn + "/");
            String object = objectIn(bucketArn, writers);
            var kmsContext = Map.<String, Object>of("kms:ViaService", "s3." + key.region() + ".amazonaws.com",
                    "kms:EncryptionContext:aws:s3:arn", bucketArn);
            var putContext = new LinkedHashMap<String, Object>();
            putContext.put("aws:SecureTransport", "true");
            putContext.put("s3:TlsVersion", "1.3");
            putContext.put("s3:x-amz-server-side-encryption", "aws:kms");
            putContext.put("s3:x-amz-server-side-encryption-aws-kms-key-id", key.arn());
            var getContext = Map.<String, Object>of("aws:SecureTransport", "true", "s3:TlsVersion", "1.3");
            for (Caller writer : writers) {
                kmsCase(bucket.urn(), writer, "kms:GenerateDataKey", key, kmsContext, true, "to upload to " + bucket.name());
                cases.add(new Case(bucket.urn(), writer.who(), "s3:PutObject into " + bucket.name(), true,
                        request(writer.arn(), "s3:PutObject", object, key.account(), withPrincipal(writer.arn(), putContext),
                                writer.identityPolicies(), policy)));
            }
            var replicationReaders = rolesGranted(List.of("s3:GetObjectVersionForReplication"), bucketArn + "/");
            for (Caller replicator : replicationReaders) {
                kmsCase(bucket.urn(), replicator, "kms:Decrypt", key, kmsContext, true, "to replicate " + bucket.name());
            }
            var replicationWriters = rolesGranted(List.of("s3:ReplicateObject"), bucketArn + "/");
            for (Caller replicator : replicationWriters) {
                kmsCase(bucket.urn(), replicator, "kms:GenerateDataKey", key, kmsContext, true, "to write replicas into " + bucket.name());
            }
            // Nobody outside the named readers downloads, whatever their IAM policy: both the bucket policy and the key
            // must refuse an account administrator (either alone would leave one side door closed by the other only).
            var outsider = stranger(key.account());
            cases.add(new Case(bucket.urn(), outsider.who(), "s3:GetObject (download a snapshot) from " + bucket.name(), false,
                    request(outsider.arn(), "s3:GetObject", object, key.account(), withPrincipal(outsider.arn(), getContext),
                            outsider.identityPolicies(), policy)));
            kmsCase(bucket.urn(), outsider, "kms:Decrypt", key, kmsContext, false, "of objects in " + bucket.name());
            Optional<List<String>> readFence = policy == null ? Optional.empty() : exempted(policy, "s3:GetObject");
            readFence.ifPresent(readers -> {
                for (String reader : readers) {
                    var caller = new Caller(reader, "restore role " + roleName(reader), List.of(minimal(List.of("s3:GetObject"), bucketArn + "/*", key.arn())));
                    kmsCase(bucket.urn(), caller, "kms:Decrypt", key, kmsContext, true, "to download from " + bucket.name());
                    cases.add(new Case(bucket.urn(), caller.who(), "s3:GetObject from " + bucket.name(), true,
                            request(reader, "s3:GetObject", object, key.account(), withPrincipal(reader, getContext), caller.identityPolicies(), policy)));
                }
                for (Caller writer : writers) {
                    if (!readers.contains(writer.arn())) {
                        cases.add(new Case(bucket.urn(), writer.who(), "s3:GetObject from " + bucket.name(), false,
                                request(writer.arn(), "s3:GetObject", object, key.account(), withPrincipal(writer.arn(), getContext),
                                        List.of(ADMINISTRATOR), policy)));
                    }
                }
                restoreUnsealsHere(bucket, key, readers, sealKeys);
            });
            if (policy != null && exempted(policy, "s3:PutObject").isPresent()) {
                var stranger = stranger(key.account());
                cases.add(new Case(bucket.urn(), stranger.who(), "s3:PutObject into " + bucket.name(), false,
                        request(stranger.arn(), "s3:PutObject", object, key.account(), withPrincipal(stranger.arn(), putContext),
                                stranger.identityPolicies(), policy)));
            }
        }
    }

    /**
     * A snapshot is unsealed only by a key with the key material that wrapped its root key (Vault's awskms seal): a
     * copy in another Region is usable there only with a multi-Region replica of the seal key in that Region (AWS KMS
     * developer guide, "Multi-Region keys": related keys "have the same key material"), and its readers must be able to
     * use that replica.
     */
    private void restoreUnsealsHere(RecordedResource bucket, Key bucketKey, List<String> readers, Set<String> sealKeys) {
        boolean replica = ctx.ofType(BucketReplication.TYPE).stream()
                .anyMatch(r -> Inputs.all(r, BucketReplication.DESTINATION_BUCKET).contains(bucket.arn()));
        if (!replica || sealKeys.isEmpty()) {
            return;
        }
        for (String sealArn : sealKeys) {
            Key seal = keys.get(sealArn);
            if (seal == null || seal.region().equals(bucketKey.region())) {
                continue;
            }
            var replicas = ctx.ofType(KmsReplicaKey.TYPE).stream()
                    .filter(r -> sealArn.equals(r.input(KmsReplicaKey.PRIMARY_KEY_ARN)) && r.arn() != null
                            && r.arn().split(":")[3].equals(bucketKey.region()))
                    .toList();
            if (replicas.isEmpty()) {
                missing.add(new Missing(seal.resource().urn(), "snapshots are copied to " + bucketKey.region() + " (" + bucket.name()
                        + ") but seal key " + seal.name() + " has no replica there: a restore in " + bucketKey.region()
                        + " can never unseal (make the seal key multi-Region with a replica in that Region)"));
                continue;
            }
            Key replicaKey = keys.get(replicas.get(0).arn());
            if (replicaKey == null) {
                continue;
            }
            for (String reader : readers) {
                var caller = new Caller(reader, "restore role " + roleName(reader),
                        List.of(minimal(List.of("kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"), replicaKey.arn(), null)));
                for (String action : List.of("kms:Decrypt", "kms:Encrypt", "kms:DescribeKey")) {
                    kmsCase(replicaKey.resource().urn(), caller, action, replicaKey, Map.of(), true,
                            "to unseal a cluster restored in " + replicaKey.region());
                }
            }
        }
    }

    // ---- EBS volumes -------------------------------------------------------------------------------------------

    /**
     * Amazon EC2 Auto Scaling user guide, "Required AWS KMS key policy for use with encrypted volumes": the key policy
     * must let the service-linked role {@code AWSServiceRoleForAutoScaling} call {@code kms:Encrypt}, {@code kms:Decrypt},
     * {@code kms:ReEncrypt*}, {@code kms:GenerateDataKey*}, {@code kms:DescribeKey}, and {@code kms:CreateGrant} with
     * {@code kms:GrantIsForAWSResource} true ("its permissions do not include access to your customer managed keys").
     * EBS creates the volume with {@code GenerateDataKeyWithoutPlaintext} and attaches it with {@code Decrypt} and a grant.
     */
    private void volumesOfAutoScaling() {
        for (var group : ctx.ofType(AutoScalingGroup.TYPE)) {
            Object templateId = group.input(AutoScalingGroup.LAUNCH_TEMPLATE_ID);
            for (var template : ctx.ofType(LaunchTemplate.TYPE)) {
                if (template.id() == null || !template.id().equals(templateId)) {
                    continue;
                }
                var volumeKeys = new LinkedHashSet<Key>();
                Inputs.all(template, LaunchTemplate.BLOCK_DEVICES + ".*").forEach(m ->
                        Inputs.all(m, LaunchTemplate.EBS_KMS_KEY).stream().findFirst().flatMap(this::key).ifPresent(volumeKeys::add));
                for (Key key : volumeKeys) {
                    Object explicit = group.input(AutoScalingGroup.SERVICE_LINKED_ROLE);
                    String role = explicit instanceof String s && !s.isEmpty() ? s
                            : "arn:aws:iam::" + key.account() + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
                    var caller = new Caller(role, "the Auto Scaling service-linked role", List.of());
                    var ec2 = Map.<String, Object>of("kms:ViaService", "ec2." + key.region() + ".amazonaws.com");
                    for (String action : List.of("kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt", "kms:DescribeKey", "kms:ReEncryptFrom")) {
                        kmsCase(group.urn(), caller, action, key, ec2, true, "for the encrypted volumes of " + template.name());
                    }
                    var grant = new LinkedHashMap<String, Object>(ec2);
                    grant.put("kms:GrantIsForAWSResource", "true");
                    kmsCase(group.urn(), caller, "kms:CreateGrant", key, grant, true, "for the volumes of " + template.name());
                    kmsCase(group.urn(), caller, "kms:CreateGrant", key, Map.of(), false, "for anything but an AWS resource");
                }
            }
        }
    }

    /**
     * Amazon EKS user guide, "Store Kubernetes volumes with Amazon EBS" (KMS for the EBS CSI driver): the driver's role
     * needs AWS's documented KMS policy on the key, and the key policy must admit it; EBS calls KMS for it through EC2
     * ({@code kms:ViaService} = {@code ec2.<region>.amazonaws.com}), creating grants only for AWS resources.
     */
    private void volumesOfEbsCsi() {
        for (var storageClass : ctx.ofType(STORAGE_CLASS_TYPE)) {
            Object provisioner = manifest(storageClass, "provisioner");
            Optional<Key> maybeKey = key(manifest(storageClass, "parameters", "kmsKeyId"));
            if (!"ebs.csi.aws.com".equals(provisioner) || maybeKey.isEmpty()) {
                continue;
            }
            Key key = maybeKey.get();
            Object role = manifest(storageClass, "metadata", "annotations", CSI_ROLE_ANNOTATION);
            if (!(role instanceof String roleArn) || roleArn.isEmpty()) {
                missing.add(new Missing(storageClass.urn(), "StorageClass " + storageClass.name() + " encrypts volumes with " + key.name()
                        + " through the EBS CSI driver, but names no driver role (annotation " + CSI_ROLE_ANNOTATION
                        + "): nothing shows the driver may use the key, and IAM alone cannot grant it"));
                continue;
            }
            var caller = new Caller(roleArn, "the EBS CSI driver role " + roleName(roleArn), List.of(ebsCsiPolicy(key.arn())));
            var ec2 = Map.<String, Object>of("kms:ViaService", "ec2." + key.region() + ".amazonaws.com");
            for (String action : List.of("kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt", "kms:DescribeKey")) {
                kmsCase(storageClass.urn(), caller, action, key, ec2, true, "for volumes of StorageClass " + storageClass.name());
            }
            var grant = new LinkedHashMap<String, Object>(ec2);
            grant.put("kms:GrantIsForAWSResource", "true");
            kmsCase(storageClass.urn(), caller, "kms:CreateGrant", key, grant, true, "to attach volumes of StorageClass " + storageClass.name());
            kmsCase(storageClass.urn(), caller, "kms:Decrypt", key, Map.of("kms:ViaService", "s3." + key.region() + ".amazonaws.com"),
                    false, "through S3 (the driver's key use is EC2's alone)");
        }
    }

    /** AWS's documented KMS policy for the EBS CSI driver (EKS user guide), on {@code keyArn}. */
    static String ebsCsiPolicy(String keyArn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"kms:CreateGrant\",\"kms:ListGrants\",\"kms:RevokeGrant\"],"
                + "\"Resource\":[\"" + keyArn + "\"],\"Condition\":{\"Bool\":{\"kms:GrantIsForAWSResource\":\"true\"}}},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\",\"kms:DescribeKey\"],"
                + "\"Resource\":[\"" + keyArn + "\"]}]}";
    }

    // ---- the seal key ------------------------------------------------------------------------------------------

    /** The keys of {@code seal "awskms"} in the rendered Vault configurations. */
    private Set<String> sealKeys() {
        var found = new LinkedHashSet<String>();
        ctx.renderedFiles().forEach((path, content) -> {
            if (path.endsWith("vault.hcl")) {
                Matcher seal = SEAL.matcher(content);
                while (seal.find()) {
                    Matcher id = KMS_KEY_ID.matcher(seal.group(1));
                    if (id.find()) {
                        found.add(id.group(1));
                    }
                }
            }
        });
        return found;
    }

    /**
     * Vault's awskms seal calls {@code kms:Encrypt}, {@code kms:Decrypt} and {@code kms:DescribeKey} (Vault docs, "AWS
     * KMS seal"), as the role Vault runs with: the EC2 instance profile's role, or the IRSA role of the chart's
     * service account.
     */
    private void seal(Set<String> sealKeys) {
        var runners = vaultRoles();
        for (String sealArn : sealKeys) {
            Key key = keys.get(sealArn);
            if (key == null) {
                continue;
            }
            if (runners.isEmpty()) {
                missing.add(new Missing(key.resource().urn(), "Vault unseals with " + key.name() + " but the plan has no role Vault runs as"
                        + " (an instance profile's role or an IRSA service account): nothing can be judged to unseal"));
            }
            for (Caller runner : runners) {
                for (String action : List.of("kms:Encrypt", "kms:Decrypt", "kms:DescribeKey")) {
                    kmsCase(key.resource().urn(), runner, action, key, Map.of(), true, "to unseal");
                }
                kmsCase(key.resource().urn(), runner, "kms:CreateGrant", key, Map.of(), false, "(a grant would hand the seal on)");
            }
        }
    }

    /** The roles Vault's servers run as. */
    private List<Caller> vaultRoles() {
        var roles = new LinkedHashMap<String, Caller>();
        for (var template : ctx.ofType(LaunchTemplate.TYPE)) {
            Object profileArn = template.input(LaunchTemplate.INSTANCE_PROFILE_ARN);
            ctx.ofType(InstanceProfile.TYPE).stream()
                    .filter(p -> p.arn() != null && p.arn().equals(profileArn))
                    .map(p -> p.input(InstanceProfile.ROLE))
                    .flatMap(name -> role(name).stream())
                    .forEach(c -> roles.putIfAbsent(c.arn(), new Caller(c.arn(), "the Vault node role " + roleName(c.arn()), c.identityPolicies())));
        }
        for (var release : ctx.ofType(HELM_RELEASE_TYPE)) {
            Object arn = manifest(release, "values", "server", "serviceAccount", "annotations", "eks.amazonaws.com/role-arn");
            if (arn instanceof String s) {
                var caller = roleByArn(s).orElse(new Caller(s, "", List.of()));
                roles.putIfAbsent(s, new Caller(s, "the Vault IRSA role " + roleName(s), caller.identityPolicies()));
            }
        }
        return List.copyOf(roles.values());
    }

    // ---- nobody else -----------------------------------------------------------------------------------------

    /**
     * What no one may do with any key, whatever their IAM policy: an unrelated account administrator
     * (AdministratorAccess) and each key administrator (with AdministratorAccess too) never decrypt or encrypt
     * outside a service path, never create a grant, and never use a seal key at all; administrators can still manage.
     */
    private void nobodyElse(Set<String> sealKeys) {
        var seen = new LinkedHashSet<Key>(keys.values());
        for (Key key : seen) {
            boolean seal = sealKeys.contains(key.arn()) || ctx.ofType(KmsReplicaKey.TYPE).stream()
                    .anyMatch(r -> key.arn().equals(r.arn()) && sealKeys.contains(String.valueOf(r.input(KmsReplicaKey.PRIMARY_KEY_ARN))));
            var callers = new ArrayList<Caller>();
            callers.add(stranger(key.account()));
            var admins = administrators(key);
            callers.addAll(admins);
            for (Caller caller : callers) {
                var forbidden = new ArrayList<>(List.of("kms:Decrypt", "kms:ReEncryptFrom", "kms:GenerateDataKey", "kms:CreateGrant"));
                if (seal) {
                    forbidden.add("kms:Encrypt");
                }
                for (String action : forbidden) {
                    kmsCase(key.resource().urn(), caller, action, key, Map.of(), false, seal ? "(the seal key is the nodes' alone)" : "outside a service path");
                }
                var forAwsResource = new LinkedHashMap<String, Object>();
                forAwsResource.put("kms:ViaService", "ec2." + key.region() + ".amazonaws.com");
                forAwsResource.put("kms:GrantIsForAWSResource", "true");
                kmsCase(key.resource().urn(), caller, "kms:CreateGrant", key, forAwsResource, false, "through EC2 (for a volume of their own)");
            }
            for (Caller admin : admins) {
                for (String action : List.of("kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DescribeKey")) {
                    kmsCase(key.resource().urn(), admin, action, key, Map.of(), true, "(administration)");
                }
            }
        }
    }

    /** The principals a key policy lets manage it ({@code kms:PutKeyPolicy}), as callers with AdministratorAccess. */
    private List<Caller> administrators(Key key) {
        var admins = new LinkedHashMap<String, Caller>();
        for (JsonObject statement : SecurityRules.statements(key.policy())) {
            if (!"Allow".equals(text(statement, "Effect")) || !matchesAny(strings(statement.get("Action")), "kms:PutKeyPolicy")
                    || statement.has("Condition")) {
                continue;
            }
            for (String principal : awsPrincipals(statement)) {
                if (principal.equals("arn:aws:iam::" + key.account() + ":root")) {
                    String arn = "arn:aws:iam::" + key.account() + ":role/key-administrator";
                    admins.putIfAbsent(arn, new Caller(arn, "a key administrator (an account principal with kms:* in IAM)", List.of(ADMINISTRATOR)));
                } else if (principal.startsWith("arn:")) {
                    admins.putIfAbsent(principal, new Caller(principal, "key administrator " + roleName(principal), List.of(ADMINISTRATOR)));
                }
            }
        }
        return List.copyOf(admins.values());
    }

    // ---- requests ------------------------------------------------------------------------------------------------

    private void kmsCase(String urn, Caller caller, String action, Key key, Map<String, Object> extra, boolean allowed, String why) {
        var context = new LinkedHashMap<>(principal(caller.arn()));
        context.put("kms:CallerAccount", caller.arn().split(":")[4]);
        context.putAll(extra);
        String path = extra.containsKey("kms:ViaService") ? " through " + service(String.valueOf(extra.get("kms:ViaService"))) : "";
        cases.add(new Case(urn, caller.who(), action + " of " + key.name() + path + " " + why, allowed,
                request(caller.arn(), action, key.arn(), key.account(), context, caller.identityPolicies(), key.policy())));
    }

    private void serviceCase(String urn, String who, String what, boolean allowed, String service, String action, Key key,
                             Map<String, Object> context) {
        cases.add(new Case(urn, who, what, allowed, request(service, action, key.arn(), key.account(), context, List.of(), key.policy())));
    }

    private IamSimulator.Request request(String principal, String action, String resource, String account, Map<String, Object> context,
                                         List<String> identity, String resourcePolicy) {
        return new IamSimulator.Request("k" + (++next), principal, action, resource, account, new LinkedHashMap<>(context),
                List.copyOf(identity), resourcePolicy);
    }

    private static Map<String, Object> principal(String arn) {
        var context = new LinkedHashMap<String, Object>();
        context.put("aws:PrincipalArn", arn);
        context.put("aws:PrincipalAccount", arn.split(":")[4]);
        return context;
    }

    private static Map<String, Object> withPrincipal(String arn, Map<String, Object> extra) {
        var context = principal(arn);
        context.putAll(extra);
        return context;
    }

    private static String service(String viaService) {
        return switch (viaService.split("\\.")[0]) {
            case "s3" -> "S3";
            case "secretsmanager" -> "Secrets Manager";
            case "ec2" -> "EC2";
            default -> viaService;
        };
    }

    private static Caller stranger(String account) {
        String arn = "arn:aws:iam::" + account + ":role/unrelated-account-admin";
        return new Caller(arn, "an unrelated account administrator (AdministratorAccess)", List.of(ADMINISTRATOR));
    }

    /** A least-privilege IAM policy: {@code actions} on {@code resource}, and kms:Decrypt on {@code keyArn} if given. */
    private static String minimal(List<String> actions, String resource, String keyArn) {
        var sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[");
        sb.append(String.join(",", actions.stream().map(a -> "\"" + a + "\"").toList())).append("],\"Resource\":\"").append(resource).append("\"}");
        if (keyArn != null) {
            sb.append(",{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"").append(keyArn).append("\"}");
        }
        return sb.append("]}").toString();
    }

    // ---- reading the plan ----------------------------------------------------------------------------------------

    /** Roles whose IAM policy allows one of {@code actions} on a resource pattern matching {@code arnOrPrefix}. */
    private List<Caller> rolesGranted(List<String> actions, String arnOrPrefix) {
        var found = new LinkedHashMap<String, Caller>();
        for (var policy : ctx.ofType(RolePolicy.TYPE)) {
            if (!(policy.input(RolePolicy.POLICY) instanceof String json)) {
                continue;
            }
            boolean grants = SecurityRules.statements(json).stream()
                    .filter(s -> "Allow".equals(text(s, "Effect")))
                    .anyMatch(s -> actions.stream().anyMatch(a -> matchesAny(strings(s.get("Action")), a))
                            && strings(s.get("Resource")).stream().anyMatch(r -> covers(r, arnOrPrefix)));
            if (grants) {
                role(policy.input(RolePolicy.ROLE)).ifPresent(c -> found.putIfAbsent(c.arn(), c));
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * Whether resource pattern {@code pattern} covers {@code arn}, or (for {@code arn} ending in {@code /}, an object
     * prefix) some object under it.
     */
    private static boolean covers(String pattern, String arn) {
        if (arn.endsWith("/")) {
            return pattern.startsWith(arn) || glob(pattern).matcher(arn + "x").matches();
        }
        return glob(pattern).matcher(arn).matches();
    }

    /** An object the writers' policy lets them put ({@code bucket/prefix*} instantiated), or one at the bucket's root. */
    private static String objectIn(String bucketArn, List<Caller> writers) {
        for (Caller writer : writers) {
            for (String policy : writer.identityPolicies()) {
                for (JsonObject s : SecurityRules.statements(policy)) {
                    if ("Allow".equals(text(s, "Effect")) && matchesAny(strings(s.get("Action")), "s3:PutObject")) {
                        for (String r : strings(s.get("Resource"))) {
                            if (r.startsWith(bucketArn + "/")) {
                                return r.replace("*", "vault-sample.snap").replace("?", "x");
                            }
                        }
                    }
                }
            }
        }
        return bucketArn + "/vault-sample.snap";
    }

    /** The role by name or id, with its inline policies. */
    private Optional<Caller> role(Object nameOrId) {
        if (!(nameOrId instanceof String name)) {
            return Optional.empty();
        }
        return ctx.ofType(Role.TYPE).stream()
                .filter(r -> r.arn() != null && (name.equals(r.input("name")) || name.equals(r.id())))
                .findFirst()
                .map(r -> new Caller(r.arn(), "role " + roleName(r.arn()), policiesOf(r)));
    }

    private Optional<Caller> roleByArn(String arn) {
        return ctx.ofType(Role.TYPE).stream().filter(r -> arn.equals(r.arn())).findFirst()
                .map(r -> new Caller(r.arn(), "role " + roleName(r.arn()), policiesOf(r)));
    }

    private List<String> policiesOf(RecordedResource role) {
        var policies = new ArrayList<String>();
        for (var p : ctx.ofType(RolePolicy.TYPE)) {
            Object target = p.input(RolePolicy.ROLE);
            if ((target != null && (target.equals(role.id()) || target.equals(role.input("name")))) && p.input(RolePolicy.POLICY) instanceof String json) {
                policies.add(json);
            }
        }
        Inputs.all(role, Role.INLINE_POLICIES).stream().filter(p -> p instanceof String).forEach(p -> policies.add((String) p));
        return List.copyOf(policies);
    }

    private String resourcePolicyOf(String type, String targetInput, String target, String policyInput) {
        if (target == null) {
            return null;
        }
        return ctx.ofType(type).stream().filter(p -> target.equals(p.input(targetInput)))
                .map(p -> p.input(policyInput)).filter(p -> p instanceof String).map(String.class::cast).findFirst().orElse(null);
    }

    /**
     * The principals a resource policy's denial of {@code action} exempts ({@code ArnNotEquals}/{@code ArnNotLike}/
     * {@code StringNotEquals}/{@code StringNotLike} on {@code aws:PrincipalArn}): empty when it denies everyone;
     * nothing when no statement denies the action to everyone else.
     */
    static Optional<List<String>> exempted(String policy, String action) {
        for (JsonObject s : SecurityRules.statements(policy)) {
            if (!"Deny".equals(text(s, "Effect")) || !matchesAny(strings(s.get("Action")), action)) {
                continue;
            }
            if (!s.has("Condition")) {
                return Optional.of(List.of());
            }
            JsonObject condition = s.getAsJsonObject("Condition");
            if (condition.size() != 1) {
                continue;
            }
            for (String op : List.of("ArnNotEquals", "ArnNotLike", "StringNotEquals", "StringNotLike")) {
                if (condition.has(op) && condition.getAsJsonObject(op).has("aws:PrincipalArn") && condition.getAsJsonObject(op).size() == 1) {
                    return Optional.of(strings(condition.getAsJsonObject(op).get("aws:PrincipalArn")));
                }
            }
        }
        return Optional.empty();
    }

    /** A value of a Kubernetes object's manifest or a Helm release's values, by keys (keys may contain dots). */
    private static Object manifest(RecordedResource resource, String... path) {
        Object current = resource.inputs();
        for (String part : path) {
            current = Inputs.unwrap(current);
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return Inputs.unwrap(current);
    }

    private static List<String> awsPrincipals(JsonObject statement) {
        JsonElement principal = statement.get("Principal");
        if (principal == null) {
            return List.of();
        }
        if (principal.isJsonPrimitive()) {
            return List.of(principal.getAsString());
        }
        return principal.isJsonObject() ? strings(principal.getAsJsonObject().get("AWS")) : List.of();
    }

    private static boolean matchesAny(List<String> patterns, String action) {
        return patterns.stream().anyMatch(p -> glob(p.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches());
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} one character. */
    static Pattern glob(String pattern) {
        var regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    static String roleName(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }


}
