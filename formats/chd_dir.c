/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The *.chd files of a directory. A CHD names its parent only by the
 * parent's SHA-1 (docs/chd.md "Parent"), so finding a parent, finding the
 * children that need a file and picking the parent of a new capture all
 * look through the directory's CHDs and read their headers.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vburn/bytes.h"
#include "chd.h"

char *chd_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup("");
	return strndup(path, (size_t)(slash - path) + (slash == path));
}

static bool chd_named(const char *name)
{
	const size_t l = strlen(name);

	return l > 4 && !strcasecmp(name + l - 4, ".chd");
}

int chd_dir_each(const char *dir, int (*fn)(const char *path, void *arg),
		 void *arg)
{
	const size_t dl = strlen(dir);
	const char *sep = dl && dir[dl - 1] != '/' ? "/" : "";
	DIR *dp = opendir(dl ? dir : ".");
	struct dirent *de;
	char *path;
	int ret = 0;

	if (!dp)
		return -errno;
	while (!ret && (de = readdir(dp))) {
		if (!chd_named(de->d_name))
			continue;
		if (asprintf(&path, "%s%s%s", dir, sep, de->d_name) < 0) {
			ret = -ENOMEM;
			break;
		}
		ret = fn(path, arg);
		free(path);
	}
	closedir(dp);
	return ret;
}

int chd_head_sha1(const char *path, unsigned at, uint8_t *out)
{
	uint8_t h[CHD_V5_HEADER];
	struct vb_src *s;
	int ret;

	if (at > CHD_V5_HEADER - CHD_SHA1)
		return -EINVAL;
	ret = vb_src_open(&s, path);
	if (ret)
		return ret;
	ret = vb_src_read(s, h, sizeof(h), 0);
	vb_src_unref(s);
	if (ret)
		return ret;
	if (memcmp(h, CHD_TAG, 8) || get_be32(h + 12) != 5)
		return -EINVAL;
	memcpy(out, h + at, CHD_SHA1);
	return 0;
}
