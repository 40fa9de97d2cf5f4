"""数据交换 tab: bundles in and out, consolidation, conflicts, import history, provisioning and keys."""
