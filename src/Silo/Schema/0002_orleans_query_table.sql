-- The named queries of Orleans' ADO.NET providers.
-- Each provider reads its SQL from this table by key at start-up ("SELECT QueryKey, QueryText FROM OrleansQuery"),
-- so the name and the two columns are fixed by the providers; later scripts add the queries.
-- To change a query, add a new script that updates its row: never edit an applied script.

CREATE TABLE OrleansQuery (
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text        NOT NULL
);
