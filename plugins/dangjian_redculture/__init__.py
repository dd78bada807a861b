"""Red-culture education (红色教育): education bases, resources, activities — being built."""
