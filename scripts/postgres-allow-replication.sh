#!/bin/sh
# Run once by the postgres image when it creates the database (docker-entrypoint-initdb.d):
# lets the replica of docker-compose's `replica` profile stream from this primary. An existing
# data volume needs the same line added to its pg_hba.conf (then `SELECT pg_reload_conf()`).
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
