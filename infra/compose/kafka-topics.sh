#!/usr/bin/env bash
# Creates payflow's Kafka topics (idempotent) for infra/compose.yaml; same names and partition
# counts as infra/lib/kafka.sh (kafka_topic_specs) and the KafkaTopic resources in k8s/base/kafka.
# Single broker: replication factor 1, min.insync.replicas 1.
set -euo pipefail
bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}
topics=(
  "payments.submitted:${SUBMITTED_PARTITIONS:-12}"
  "payments.credits:${CREDITS_PARTITIONS:-12}"
  "payments.outcomes:${OUTCOMES_PARTITIONS:-12}"
  "ledger.batches:1"
  "payments.submitted.DLT:${SUBMITTED_PARTITIONS:-12}"
  "payments.credits.DLT:${CREDITS_PARTITIONS:-12}"
)
for spec in "${topics[@]}"; do
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "${spec%%:*}" --partitions "${spec##*:}" --replication-factor 1 \
    --config min.insync.replicas=1
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --describe \
  | grep -E '^Topic:' | awk '{print $2, $6}'
