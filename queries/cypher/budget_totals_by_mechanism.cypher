// Money moving between bodies, totalled by funding mechanism (pooled, aligned, grant, ...).
// Answers: how much of the money is pooled, and how much only aligned or granted.
MATCH (:Agency)-[f:FUNDS]->()
RETURN coalesce(f.mechanism, 'unknown') AS mechanism, count(f) AS flows,
       sum(f.amount) AS total
ORDER BY total DESC, mechanism
