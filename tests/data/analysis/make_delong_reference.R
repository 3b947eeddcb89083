#!/usr/bin/Rscript
# DeLong's paired test from pROC 1.18 for make_reference.py (Debian: r-cran-proc; CI never runs
# this: the output is checked in):
#   Rscript make_delong_reference.R rows.csv out.json
# The direction is fixed ("<": higher scores mean positive), never guessed from the data.
suppressMessages(library(pROC))
stopifnot(packageVersion("pROC") == "1.18.0")
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
champion <- roc(d$y_true, d$champion, levels = c(0, 1), direction = "<", quiet = TRUE)
candidate <- roc(d$y_true, d$candidate, levels = c(0, 1), direction = "<", quiet = TRUE)
t <- roc.test(candidate, champion, paired = TRUE, method = "delong", conf.level = 0.95)
num <- function(x) formatC(as.numeric(x), digits = 17, format = "g")
writeLines(sprintf(paste0('{"candidate_auc": %s, "champion_auc": %s, "difference": %s, ',
                          '"z": %s, "p_value": %s, "low": %s, "high": %s}'),
                   num(t$estimate[1]), num(t$estimate[2]),
                   num(t$estimate[1] - t$estimate[2]), num(t$statistic), num(t$p.value),
                   num(t$conf.int[1]), num(t$conf.int[2])), args[2])
