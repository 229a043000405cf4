package dev.ssehub.app;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.ssehub.config.HubConfig;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Settings that each make sense alone but not together, refused before anything starts with one line
 * that names the keys to change (a {@link ConfigurationException}, which Quarkus prints without a
 * stack trace before exiting non-zero). A missing or unusable JWT key is refused where the keys are
 * read, by {@code HubTokens}, as early.
 */
@Startup(1000)
@ApplicationScoped
class StartupChecks {

    StartupChecks(HubConfig config) {
        verify(config, ConfigProvider.getConfig());
    }

    /** @throws ConfigurationException naming the keys to change */
    static void verify(HubConfig config, Config quarkus) {
        Duration idleTimeout = quarkus.getOptionalValue("quarkus.http.idle-timeout", Duration.class)
                .orElse(Duration.ofMinutes(30));
        if (config.heartbeat().compareTo(idleTimeout) >= 0) {
            // An open stream with nothing to say would be closed as idle before its keep-alive comment.
            throw new ConfigurationException("hub.heartbeat (" + config.heartbeat() + ") must be shorter than "
                    + "quarkus.http.idle-timeout (" + idleTimeout + "); lower the one or raise the other");
        }
        HubConfig.Redis redis = config.redis();
        if (redis.keyPrefix().isBlank() || redis.keyPrefix().contains("{") || redis.keyPrefix().contains("}")) {
            // The keys are {prefix}:…, one hash tag: a brace in the prefix would split them over slots
            // of a Redis Cluster (its scripts and transactions need them in one) and one prefix could
            // read as another's.
            throw new ConfigurationException("hub.redis.key-prefix ('" + redis.keyPrefix() + "') must be non-blank "
                    + "without { or }: the hub puts it between braces as the Redis hash tag of all its keys");
        }
        if (redis.minReplicas() < 0) {
            throw new ConfigurationException("hub.redis.min-replicas (" + redis.minReplicas() + ") must not be negative: "
                    + "0 waits for no Redis replica, n for n of them");
        }
        if (redis.minReplicas() > 0) {
            if (redis.replicaAckTimeout().isNegative() || redis.replicaAckTimeout().isZero()
                    || redis.replicaAckTimeout().compareTo(redis.timeout()) >= 0) {
                // Redis' WAIT with 0 would wait forever; one as long as the command timeout would answer too late.
                throw new ConfigurationException("hub.redis.replica-ack-timeout (" + redis.replicaAckTimeout() + ") must be "
                        + "positive and shorter than hub.redis.timeout (" + redis.timeout() + "); lower the one or raise the other");
            }
            if ("cluster".equalsIgnoreCase(quarkus.getOptionalValue("quarkus.redis.client-type", String.class).orElse(""))) {
                // The client sends a command without keys, such as WAIT, to any node of a cluster.
                throw new ConfigurationException("hub.redis.min-replicas needs one Redis master (standalone or Sentinel), "
                        + "not quarkus.redis.client-type=cluster; set it to 0 or use another client type");
            }
        }
        if (config.cors().origins().orElse(List.of()).contains("*")) {
            // Credentials are allowed (the mercureAuthorization cookie): with any origin, any web site
            // could read its visitors' private updates and publish in their name.
            throw new ConfigurationException("hub.cors.origins must list origins (e.g. https://app.example.com), "
                    + "not *: browsers send the mercureAuthorization cookie cross-origin");
        }
    }
}
