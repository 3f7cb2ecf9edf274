#!/bin/sh
# Forms the Redis Cluster once: waits for all nodes, does nothing if the cluster already exists,
# refuses to touch a half-formed one (fix it with redis-cli --cluster fix), else creates 3 masters
# + 3 replicas. CLUSTER MEET needs addresses, so the pod names are resolved to IPs here; the
# nodes then announce their DNS names (cluster-announce-hostname).
set -eu
domain="redis-cluster.${POD_NAMESPACE}.svc.cluster.local"
count=${REDIS_NODES:-6}
addrs=""
i=0
while [ "$i" -lt "$count" ]; do
  host="redis-$i.$domain"
  until redis-cli -h "$host" ping 2>/dev/null | grep -q PONG; do
    echo "waiting for $host"; sleep 2
  done
  ip=$(getent hosts "$host" | awk '{print $1; exit}')
  addrs="$addrs $ip:6379"
  i=$((i + 1))
done
info=$(redis-cli -h "redis-0.$domain" cluster info)
if echo "$info" | grep -q '^cluster_state:ok'; then
  echo "cluster already formed"; exit 0
fi
known=$(echo "$info" | sed -n 's/^cluster_known_nodes:\([0-9]*\).*/\1/p')
if [ "$known" != "1" ]; then
  echo "cluster partially formed ($known nodes known): run redis-cli --cluster fix" >&2; exit 1
fi
# shellcheck disable=SC2086
redis-cli --cluster create $addrs --cluster-replicas 1 --cluster-yes
