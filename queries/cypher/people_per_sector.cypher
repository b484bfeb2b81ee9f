// How many people belong to each sector (people without a sector counted as "unknown").
// Answers: who is in the network, by the system they come from.
MATCH (p:Person)
RETURN coalesce(p.sector, 'unknown') AS sector, count(p) AS people
ORDER BY people DESC, sector
