package io.privatevault.components.cluster;

/**
 * The Auto Scaling lifecycle hooks of the EC2 nodes and the instance refresh they gate, decided once here and read by
 * {@link Ec2Platform} (the hooks and the refresh preferences) and {@link NodeFiles} (what the node scripts are told).
 *
 * <p>AWS: "you might need a mechanism to detect instance termination from inside the instance to run some code on the
 * instance before it's terminated. You can do this by writing code that polls for the lifecycle state of an instance
 * directly from the instance. You can then add a lifecycle hook to the Auto Scaling group to keep the instance running
 * until your code sends the complete-lifecycle-action command to continue" (EC2 Auto Scaling User Guide, Retrieve the
 * target lifecycle state through instance metadata). {@code lifecycle.sh} does exactly that, for launch and termination.
 */
public final class LifecycleHooks {
    /** A new node stays in Pending:Wait until autopilot reports it a healthy voter. */
    public static final String LAUNCH_HOOK = "vault-node-launching";
    /** A leaving node stays in Terminating:Wait until it has stepped down (if it led) and left Raft. */
    public static final String TERMINATE_HOOK = "vault-node-terminating";
    /**
     * How long a new node may take to boot, install, join and be promoted before it is abandoned (terminated and
     * replaced): far longer than the 3-6 minutes a boot takes, and within the hook's 30-7200 s range.
     */
    public static final int LAUNCH_TIMEOUT_SECONDS = 1800;
    /** How long a leaving node may take to step down and leave; then it is terminated anyway (autopilot cleans up). */
    public static final int TERMINATE_TIMEOUT_SECONDS = 600;
    /**
     * Seconds an instance refresh waits after a replacement is in service before it terminates the next node. The
     * launch hook already holds a node until it is a healthy voter (past autopilot's stabilisation time), so this only
     * lets the new voter settle.
     */
    public static final int INSTANCE_WARMUP_SECONDS = 60;
    /**
     * The refresh keeps every voter: "Setting the minimum healthy percentage to 100 percent limits the rate of
     * replacement to one instance at a time" (EC2 Auto Scaling API, RefreshPreferences).
     */
    public static final int MIN_HEALTHY_PERCENTAGE = 100;
    /**
     * The active node protects itself from scale in, and the refresh passes it by: "Ignore - Amazon EC2 Auto Scaling
     * ignores instances that are protected from scale in and continues to replace instances that are not protected"
     * (RefreshPreferences.ScaleInProtectedInstances). Once every standby runs the new template, the active node steps
     * down, drops its protection and starts one more refresh, which replaces it last.
     */
    public static final String SCALE_IN_PROTECTED_INSTANCES = "Ignore";

    private LifecycleHooks() {
    }

    /**
     * One node more than {@code nodes} while a refresh replaces one: the new node joins (and is promoted) before its
     * predecessor leaves, so the cluster keeps its fault tolerance throughout ("MaxHealthyPercentage ... the maximum
     * percentage of the group that can be in service and healthy, or pending ... Value range is 100 to 200").
     */
    public static int maxHealthyPercentage(int nodes) {
        return Math.min(200, (100 * (nodes + 1) + nodes - 1) / nodes);
    }

    /**
     * The group's refresh preferences in the AWS CLI's shorthand syntax, for the one refresh a node starts itself
     * (lifecycle.sh) to be replaced like the others.
     */
    public static String refreshPreferences(int nodes) {
        return "MinHealthyPercentage=" + MIN_HEALTHY_PERCENTAGE + ",MaxHealthyPercentage=" + maxHealthyPercentage(nodes)
                + ",InstanceWarmup=" + INSTANCE_WARMUP_SECONDS + ",SkipMatching=true,ScaleInProtectedInstances="
                + SCALE_IN_PROTECTED_INSTANCES + ",StandbyInstances=Ignore";
    }
}
