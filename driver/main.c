// SPDX-License-Identifier: GPL-2.0
/*
 * bulkhead.ko: /dev/bulkhead for the CLI, and module life. While the
 * hypervisor runs the module holds a reference on itself, so rmmod is
 * refused instead of pulling the trampoline out from under the CPUs.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <bulkhead/hypercall.h>
#include <bulkhead/ioctl.h>
#include "bulkhead.h"

static long ioctl_enable(struct bh_enable_args __user *uarg)
{
	struct bh_system_desc *config;
	struct bh_enable_args args;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	memset(args.reason, 0, sizeof(args.reason));
	if (args.config_size != sizeof(*config)) {
		snprintf(
			args.reason, sizeof(args.reason),
			"config is %u bytes, this driver expects %zu: built for another version?",
			args.config_size, sizeof(*config));
		ret = -EINVAL;
		goto out;
	}
	config = memdup_user(u64_to_user_ptr(args.config), sizeof(*config));
	if (IS_ERR(config))
		return PTR_ERR(config);

	mutex_lock(&bh.lock);
	ret = bh_enable(config, args.reason);
	if (!ret) {
		__module_get(THIS_MODULE);
		ret = bh_sysfs_cells_update();
	}
	mutex_unlock(&bh.lock);
	kfree(config);
out:
	if (copy_to_user(uarg->reason, args.reason, sizeof(args.reason)))
		return -EFAULT;
	return ret;
}

static long ioctl_disable(struct bh_disable_args __user *uarg)
{
	struct bh_disable_args args = {};
	int ret;

	mutex_lock(&bh.lock);
	ret = bh_disable(args.reason);
	if (!ret) {
		module_put(THIS_MODULE);
		bh_sysfs_cells_update();
	}
	mutex_unlock(&bh.lock);
	if (copy_to_user(uarg, &args, sizeof(args)))
		return -EFAULT;
	return ret;
}

static long ioctl_cell_create(struct bh_cell_create_args __user *uarg)
{
	struct bh_cell_create_args args;
	struct bh_cell_desc *d;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	memset(args.reason, 0, sizeof(args.reason));
	if (args.config_size != sizeof(*d)) {
		snprintf(
			args.reason, sizeof(args.reason),
			"cell config is %u bytes, this driver expects %zu: built for another version?",
			args.config_size, sizeof(*d));
		ret = -EINVAL;
		goto out;
	}
	d = memdup_user(u64_to_user_ptr(args.config), sizeof(*d));
	if (IS_ERR(d))
		return PTR_ERR(d);
	mutex_lock(&bh.lock);
	ret = bh_cell_create(d, args.reason);
	mutex_unlock(&bh.lock);
	kfree(d);
	args.id = ret;
out:
	if (copy_to_user(uarg, &args, sizeof(args)))
		return -EFAULT;
	return ret < 0 ? ret : 0;
}

static long ioctl_cell_load(struct bh_cell_load_args __user *uarg)
{
	struct bh_cell_load_segment *seg;
	struct bh_cell_load_args args;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	memset(args.reason, 0, sizeof(args.reason));
	if (args.num_segments > BH_MAX_LOAD_SEGMENTS) {
		snprintf(args.reason, sizeof(args.reason),
			 "at most %d images and strings per load",
			 BH_MAX_LOAD_SEGMENTS);
		ret = -E2BIG;
		goto out;
	}
	seg = memdup_user(u64_to_user_ptr(args.segments),
			  args.num_segments * sizeof(*seg));
	if (IS_ERR(seg))
		return PTR_ERR(seg);
	mutex_lock(&bh.lock);
	ret = bh_cell_load(args.id, seg, args.num_segments, args.reason);
	mutex_unlock(&bh.lock);
	kfree(seg);
out:
	if (copy_to_user(uarg->reason, args.reason, sizeof(args.reason)))
		return -EFAULT;
	return ret;
}

static long ioctl_cell(unsigned int cmd, struct bh_cell_args __user *uarg)
{
	struct bh_cell_args args;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	memset(args.reason, 0, sizeof(args.reason));
	mutex_lock(&bh.lock);
	if (!bh.enabled) {
		snprintf(args.reason, sizeof(args.reason),
			 "the hypervisor is not enabled");
		ret = -EINVAL;
	} else if (cmd == BH_IOCTL_CELL_START) {
		ret = bh_cell_start(args.id, args.reason);
	} else if (cmd == BH_IOCTL_CELL_SHUTDOWN) {
		ret = bh_cell_shutdown(args.id, args.reason);
	} else {
		ret = bh_cell_destroy(args.id, args.reason);
	}
	mutex_unlock(&bh.lock);
	if (copy_to_user(uarg->reason, args.reason, sizeof(args.reason)))
		return -EFAULT;
	return ret;
}

static long bh_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case BH_IOCTL_ENABLE:
		return ioctl_enable(uarg);
	case BH_IOCTL_DISABLE:
		return ioctl_disable(uarg);
	case BH_IOCTL_CELL_CREATE:
		return ioctl_cell_create(uarg);
	case BH_IOCTL_CELL_LOAD:
		return ioctl_cell_load(uarg);
	case BH_IOCTL_CELL_START:
	case BH_IOCTL_CELL_SHUTDOWN:
	case BH_IOCTL_CELL_DESTROY:
		return ioctl_cell(cmd, uarg);
	default:
		return -ENOTTY;
	}
}

/*
 * read() returns the hypervisor console from the file position on, which
 * counts bytes since the hypervisor started; bytes already overwritten in
 * the ring are skipped. 0 means nothing new yet.
 */
static ssize_t bh_read(struct file *f, char __user *buf, size_t len,
		       loff_t *ppos)
{
	const struct bh_status *st;
	u64 written, pos, n, off;
	ssize_t ret = 0;
	char *tmp;

	tmp = kmalloc(BH_CONSOLE_SIZE, GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	mutex_lock(&bh.lock);
	st = bh.status;
	if (!st)
		goto out;
	/* cells write their output without exits; fetch it now */
	if (bh.enabled)
		bh_hypercall(BH_HC_CONSOLE_SYNC, 0, 0);
	written = READ_ONCE(st->console_written);
	/* a new hypervisor run restarts the count */
	pos = *ppos > written ? 0 : *ppos;
	if (written - pos > BH_CONSOLE_SIZE)
		pos = written - BH_CONSOLE_SIZE;
	n = min_t(u64, written - pos, len);
	for (off = 0; off < n; off++)
		tmp[off] = st->console[(pos + off) % BH_CONSOLE_SIZE];
	smp_rmb();
	/* drop what the hypervisor overwrote while we copied */
	written = READ_ONCE(st->console_written);
	if (written - pos > BH_CONSOLE_SIZE) {
		u64 lost = written - BH_CONSOLE_SIZE - pos;

		if (lost >= n) {
			n = 0;
		} else {
			memmove(tmp, tmp + lost, n - lost);
			n -= lost;
		}
		pos += lost;
	}
	if (copy_to_user(buf, tmp, n)) {
		ret = -EFAULT;
		goto out;
	}
	*ppos = pos + n;
	ret = n;
out:
	mutex_unlock(&bh.lock);
	kfree(tmp);
	return ret;
}

static const struct file_operations bh_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = bh_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.read = bh_read,
	.llseek = noop_llseek,
};

static struct miscdevice bh_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "bulkhead",
	.fops = &bh_fops,
};

static int __init bh_init(void)
{
	int ret;

	ret = bh_sysfs_init();
	if (ret)
		return ret;
	ret = misc_register(&bh_misc);
	if (ret) {
		bh_sysfs_exit();
		return ret;
	}
	pr_info("bulkhead: driver loaded\n");
	return 0;
}

static void __exit bh_exit(void)
{
	misc_deregister(&bh_misc);
	bh_sysfs_exit();
	bh_release_memory();
}

module_init(bh_init);
module_exit(bh_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Bulkhead partitioning hypervisor driver");
MODULE_FIRMWARE(BH_FIRMWARE);
