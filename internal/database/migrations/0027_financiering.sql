-- reserved for issue 16 (0027_financiering); replaced by its owner
SELECT 1
