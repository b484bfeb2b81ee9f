# Reference values for netan's generic analyses, computed with R's sna, igraph and network.
#
# Run from the repository root (Debian: apt-get install r-cran-sna r-cran-igraph
# r-cran-network; `make reference` does both):
#
#   Rscript tests/reference/make_reference.R
#
# It writes, under tests/reference/:
#   emon_<site>/nodes.csv, edges.csv   Drabek et al.'s (1981) emergent multi-organisational
#                                      networks (network::emon), in netan's generic form
#   flo/nodes.csv, edges.csv           Padgett's Florentine marriages (network::flo)
#   r_written/                         the same networks as R writes them: igraph
#                                      write_graph(graphml, pajek) and sna write.dl
#   r_reference.json                   the values the tests compare netan with
#
# The karate/ and davis/ inputs come from networkx (make_inputs.py) and are read here.
suppressPackageStartupMessages({
  library(network)
  library(sna)
  library(igraph)
  library(jsonlite)
})

out <- "tests/reference"
dir.create(file.path(out, "r_written"), showWarnings = FALSE, recursive = TRUE)

write_csv <- function(frame, path) {
  dir.create(dirname(path), showWarnings = FALSE, recursive = TRUE)
  write.csv(frame, path, row.names = FALSE, fileEncoding = "UTF-8", na = "")
}

# sna::brokerage as plain lists (rows are vertices in order; columns w_I .. t).
broker <- function(adjacency, groups) {
  b <- sna::brokerage(adjacency, groups)
  rows <- function(m) lapply(seq_len(nrow(m)), function(i) as.list(m[i, ]))
  list(clid = as.character(b$clid), n = as.integer(b$n), N = b$N,
       raw_nli = rows(b$raw.nli), exp_nli = rows(b$exp.nli), sd_nli = rows(b$sd.nli),
       z_nli = rows(b$z.nli), raw_gli = as.list(b$raw.gli), exp_gli = as.list(b$exp.gli),
       sd_gli = as.list(b$sd.gli), z_gli = as.list(b$z.gli),
       exp_grp = rows(b$exp.grp), sd_grp = rows(b$sd.grp))
}

# Krackhardt & Stern's E-I index from the tie list: E external, I internal ties.
ei_index <- function(g, groups) {
  ends <- ends(g, E(g), names = FALSE)
  same <- groups[ends[, 1]] == groups[ends[, 2]]
  ext <- sum(!same); int <- sum(same)
  by_group <- lapply(sort(unique(groups)), function(k) {
    touches <- groups[ends[, 1]] == k | groups[ends[, 2]] == k
    e <- sum(touches & !same); i <- sum(touches & same)
    list(group = k, external = e, internal = i, ei = (e - i) / (e + i))
  })
  by_node <- sapply(seq_len(vcount(g)), function(v) {
    mine <- ends[, 1] == v | ends[, 2] == v
    e <- sum(mine & !same); i <- sum(mine & same)
    if (e + i == 0) NaN else (e - i) / (e + i)
  })
  list(external = ext, internal = int, ei = (ext - int) / (ext + int),
       groups = by_group, nodes = by_node)
}

# Ties from each group to each group (directed: arcs; undirected: each tie once,
# counted in the cell (min, max) of the sorted group labels).
mixing <- function(g, groups) {
  ends <- ends(g, E(g), names = FALSE)
  a <- groups[ends[, 1]]; b <- groups[ends[, 2]]
  if (!is_directed(g)) { lo <- pmin(a, b); hi <- pmax(a, b); a <- lo; b <- hi }
  cells <- aggregate(list(ties = rep(1, length(a))), list(from = a, to = b), sum)
  lapply(seq_len(nrow(cells)), function(i) as.list(cells[i, ]))
}

components_of <- function(g, mode) {
  c <- components(g, mode = mode)
  list(count = c$no, membership = as.integer(c$membership))
}

# Unweighted unless `weights` is given (weights = NA: igraph would otherwise read a
# "weight" edge attribute by itself).
measures <- function(g, partitions, weights = NULL) {
  directed <- is_directed(g)
  result <- list(
    directed = directed, n = vcount(g), m = ecount(g), names = V(g)$name,
    betweenness = betweenness(g, directed = directed, normalized = TRUE, weights = NA),
    constraint = constraint(g, weights = rep(1, ecount(g))),
    degree_in = as.integer(degree(g, mode = "in")),
    degree_out = as.integer(degree(g, mode = "out")),
    degree_total = as.integer(degree(g, mode = "all")),
    weak = components_of(g, "weak"), strong = components_of(g, "strong"))
  if (!is.null(weights)) {
    w <- weights
    descending <- max(w) + min(w) - w
    result$constraint_weighted <- constraint(g, weights = w)
    result$constraint_weighted_descending <- constraint(g, weights = descending)
    result$strength_weighted <- strength(g, mode = "all", weights = w)
    result$strength_weighted_descending <- strength(g, mode = "all", weights = descending)
  }
  result$partitions <- list()
  for (p in names(partitions)) {
    groups <- as.character(partitions[[p]])
    codes <- as.integer(factor(groups))
    adjacency <- as.matrix(as_adjacency_matrix(g, sparse = FALSE))
    result$partitions[[p]] <- list(
      groups = groups,
      brokerage = broker(adjacency, groups),
      assortativity = assortativity_nominal(g, codes, directed = directed),
      ei = ei_index(g, groups),
      mixing = mixing(g, groups))
  }
  result
}

networks <- list()

# --- Drabek et al.'s EMONs: directed, Sponsorship and Location partitions, Frequency ----
data(emon)
for (site in c("Cheyenne", "Texas", "MtSi")) {
  net <- emon[[site]]
  names <- network.vertex.names(net)
  ids <- gsub("\\.+", " ", names)
  attrs <- c("Sponsorship", "Location", "Formalization", "Paid.Staff", "Volunteer.Staff",
             "Command.Rank.Score", "Decision.Rank.Score")
  nodes <- data.frame(id = ids, check.names = FALSE)
  for (a in attrs) nodes[[a]] <- net %v% a
  tied <- which(as.sociomatrix(net) != 0, arr.ind = TRUE)
  tied <- tied[order(tied[, 1], tied[, 2]), , drop = FALSE]
  frequency <- as.sociomatrix(net, attrname = "Frequency")[tied]
  tie_list <- data.frame(source = ids[tied[, 1]], target = ids[tied[, 2]],
                         Frequency = frequency)
  folder <- file.path(out, paste0("emon_", tolower(site)))
  write_csv(nodes, file.path(folder, "nodes.csv"))
  write_csv(tie_list, file.path(folder, "edges.csv"))

  g <- graph_from_data_frame(tie_list, directed = TRUE, vertices = nodes)
  partitions <- list(Sponsorship = nodes$Sponsorship, Location = nodes$Location)
  key <- paste0("emon_", tolower(site))
  networks[[key]] <- measures(g, partitions, weights = tie_list$Frequency)
  networks[[paste0(key, "_undirected")]] <- measures(
    as.undirected(g, mode = "collapse"), partitions)
  if (site == "Cheyenne") {
    write_graph(g, file.path(out, "r_written", "emon_cheyenne.graphml"), format = "graphml")
    write_graph(g, file.path(out, "r_written", "emon_cheyenne.net"), format = "pajek")
    sna::write.dl(as.sociomatrix(net), file.path(out, "r_written", "emon_cheyenne.dl"),
                  vertex.lab = ids)
  }
}

# --- Padgett's Florentine marriages: undirected, no attributes ------------------------
data(flo)
families <- rownames(flo)
g <- graph_from_adjacency_matrix(flo, mode = "undirected")
write_csv(data.frame(id = families), file.path(out, "flo", "nodes.csv"))
ends_flo <- ends(g, E(g))
write_csv(data.frame(source = ends_flo[, 1], target = ends_flo[, 2]),
          file.path(out, "flo", "edges.csv"))
networks$flo <- measures(g, list())
write_graph(g, file.path(out, "r_written", "flo.graphml"), format = "graphml")
write_graph(g, file.path(out, "r_written", "flo.net"), format = "pajek")

# --- Zachary's karate club (from networkx): undirected, club partition, weights -------
kn <- read.csv(file.path(out, "karate", "nodes.csv"), colClasses = "character")
ke <- read.csv(file.path(out, "karate", "edges.csv"), colClasses = c("character",
                                                                     "character", "numeric"))
g <- graph_from_data_frame(ke, directed = FALSE, vertices = kn[, c("id", "club")])
networks$karate <- measures(g, list(club = kn$club), weights = ke$weight)

# --- Davis's Southern Women (from networkx): two-mode projections -------------------
people <- read.csv(file.path(out, "davis", "people.csv"), colClasses = "character")
register <- read.csv(file.path(out, "davis", "attendance.csv"), colClasses = "character")
present <- register[register$status == "present", ]
events <- sort(unique(register$date))
incidence <- table(factor(present$person, levels = people$id),
                   factor(present$date, levels = events))
b <- graph_from_incidence_matrix(incidence)
projected <- bipartite_projection(b, multiplicity = TRUE)
tie_rows <- function(g) {
  e <- ends(g, E(g))
  lapply(seq_len(nrow(e)), function(i) list(e[i, 1], e[i, 2], E(g)$weight[i]))
}
davis <- list(people = people$id, events = events,
              person_degree = as.integer(rowSums(incidence)),
              event_degree = as.integer(colSums(incidence)),
              people_projection = tie_rows(projected$proj1),
              event_projection = tie_rows(projected$proj2))

versions <- list(R = R.version.string,
                 sna = as.character(packageVersion("sna")),
                 network = as.character(packageVersion("network")),
                 igraph = as.character(packageVersion("igraph")),
                 jsonlite = as.character(packageVersion("jsonlite")))
reference <- list(versions = versions, networks = networks, davis = davis)
writeLines(toJSON(reference, digits = NA, na = "string", auto_unbox = TRUE, null = "null"),
           file.path(out, "r_reference.json"))
cat("wrote", file.path(out, "r_reference.json"), "\n")
