package ijw

// crossRuleInfos is filled in by the cross-message rule layer.
func crossRuleInfos() []RuleInfo { return nil }
